/** The baseline's activity: a no-op, so the ratio measures what OneWindow adds on top of Temporal. */
export function createBaselineActivities() {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await
    async record(names: string[]): Promise<number> {
      return names.length;
    },
  };
}

export type BaselineActivities = ReturnType<typeof createBaselineActivities>;
