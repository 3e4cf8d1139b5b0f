import type { TemplateSpec } from './types';

/** Step ids in an order where every step comes after its dependencies; undefined when there is a cycle. */
export function topologicalOrder(template: TemplateSpec): string[] | undefined {
  const ids = new Set(template.steps.map((step) => step.id));
  const remaining = new Map(
    template.steps.map((step) => [step.id, step.dependsOn.filter((dependency) => ids.has(dependency))]),
  );
  const order: string[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining].filter(([, dependsOn]) => dependsOn.every((dependency) => order.includes(dependency)));
    if (ready.length === 0) return undefined;
    for (const [id] of ready) {
      order.push(id);
      remaining.delete(id);
    }
  }
  return order;
}

/**
 * Steps that may start now: not started yet, every dependency done favourably, and allowed in the current phase
 * (before the land contract only pre-review steps may start).
 */
export function readySteps(
  template: TemplateSpec,
  favourable: ReadonlySet<string>,
  started: ReadonlySet<string>,
  landContractSigned: boolean,
): string[] {
  return template.steps
    .filter((step) => !started.has(step.id))
    .filter((step) => landContractSigned || !template.requiresLandContract || step.phase === 'pre-review')
    .filter((step) => step.dependsOn.every((dependency) => favourable.has(dependency)))
    .map((step) => step.id);
}
