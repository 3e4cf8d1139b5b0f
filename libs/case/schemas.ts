import { z } from 'zod';
import type { CaseEvent } from './base';
import { eventSchemas } from './catalogue';
import { caseFields } from './fields';
import { eventKit } from './schema-kit';
import { viewSchemas } from './view-schema';

/**
 * The case's schemas, built once: the API validates with them and documents its answers from them (OpenAPI), the
 * console's client is generated from that document. Node-side: the workflow sandbox, which runs the kernel, never
 * loads this module, so no cached workflow holds a zod schema of the case's (a deep-frozen graph of them in the
 * sandbox's shared modules is what crashed the workflow threads).
 */
const kit = eventKit(caseFields());

/** The fields of every schema, and the clock's. */
export const fields = kit;
export const clockSchema = kit.clock;
export const clockPatchSchema = kit.clockPatch;

/** Every event's body, by type. */
export const EVENT_SCHEMAS = eventSchemas(kit);

/**
 * An event as recorded: its body with its type, the time it took effect, who and which command (OpenAPI: CaseEvent).
 * Built from the table above, so its type is stated: exactly `CaseEvent`, the union the concerns declare.
 */
export const caseEventSchema = z
  .discriminatedUnion(
    'type',
    Object.entries(EVENT_SCHEMAS).map(([type, body]) =>
      body.extend({
        type: z.literal(type),
        at: kit.instant,
        actor: kit.actor,
        commandId: z.string(),
        firedAt: kit.instant.optional(),
      }),
    ) as unknown as [z.ZodObject, ...z.ZodObject[]],
  )
  .meta({
    id: 'CaseEvent',
    description: 'one event of a case’s log, as the kernel decided it',
  }) as unknown as z.ZodType<CaseEvent>;

const views = viewSchemas(kit);
export const clockViewSchema = views.clockView;
export const stepViewSchema = views.stepView;
export const missingDocumentSchema = views.missingDocument;
export const caseViewSchema = views.caseView;
