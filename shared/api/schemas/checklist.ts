/** The manual checklist: questions automated evidence cannot answer, and the auditor's answers. */
import { z } from 'zod';
import { ActorInput, EntityId } from './common.js';

/** Same values as shared/report/checklist.ts CHECKLIST_ANSWERS (a test keeps them equal). */
export const ChecklistAnswerValue = z.enum(['yes', 'no', 'partial', 'n/a']);

export const ChecklistAnswer = z.object({
  itemId: z.string(),
  answer: ChecklistAnswerValue,
  note: z.string(),
  evidenceIds: z.array(z.number().int()),
  actor: z.string(),
  answeredAt: z.string(),
});
export type ChecklistAnswer = z.infer<typeof ChecklistAnswer>;

export const ChecklistItemView = z.object({
  id: z.string(),
  title: z.string(),
  question: z.string(),
  controls: z.array(z.string()),
  why: z.string(),
  answer: ChecklistAnswer.nullable(),
});

export const ChecklistAnswerInput = z
  .object({
    itemId: z.string().min(1).max(200),
    answer: ChecklistAnswerValue,
    note: z.string().max(10_000).default(''),
    /** Evidence files the answer cites. */
    evidenceIds: z.array(EntityId).max(1000).default([]),
    actor: ActorInput,
  })
  .strict();
