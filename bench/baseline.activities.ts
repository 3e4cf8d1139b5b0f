/** The baseline's activity: a no-op, so the ratio measures what OneWindow adds on top of Temporal. */
export function createBaselineActivities() {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await
    async record(names: string[]): Promise<number> {
      return names.length;
    },
    /** A stand-in for OneWindow's case context: that many bytes, recorded in the history as the result. */
    // eslint-disable-next-line @typescript-eslint/require-await
    async loadContext(bytes: number): Promise<string> {
      return ''.padEnd(bytes, '.');
    },
  };
}

export type BaselineActivities = ReturnType<typeof createBaselineActivities>;
