import { CHECKLIST, CHECKLIST_ANSWERS, findChecklistItem } from '../../../shared/report/checklist.js';
import type { ChecklistAnswer } from '../../node/workspace/index.js';
import { oneOf, parse } from '../args.js';
import { CliError } from '../cli-error.js';
import { withWorkspace } from '../open-workspace.js';

export const checklistUsage = `Usage: gatehouse checklist list [--workspace FILE] [--json]
       gatehouse checklist answer ITEM yes|no|partial|n/a --workspace FILE [--note TEXT] [--actor NAME]
                                  [--evidence ID,...]

The manual checklist covers what evidence files cannot show (incident response, DPIA, log
retention, key rotation, transfers, authorization testing, …). "list" shows every item with the
controls it gives evidence for and, with --workspace, its answer. "answer" records an answer
(replacing an earlier one) in the workspace and its audit log; the report shows it next to the
automated evidence. --evidence cites evidence files of the workspace by id.`;

export function runChecklist(argv: string[]): number {
  const { values, positionals } = parse(
    argv,
    {
      workspace: { type: 'string', short: 'w' },
      note: { type: 'string' },
      actor: { type: 'string' },
      evidence: { type: 'string' },
      json: { type: 'boolean' },
    },
    checklistUsage,
  );
  if (values.help) {
    process.stdout.write(checklistUsage + '\n');
    return 0;
  }
  const [sub, itemId, answerArg, ...extra] = positionals;
  if (sub === 'list') {
    if (itemId !== undefined) throw new CliError(`checklist list takes no arguments\n\n${checklistUsage}`);
    const answers = values.workspace ? withWorkspace(values.workspace, { create: false }, (ws) => ws.listChecklistAnswers()) : [];
    const byId = new Map(answers.map((a) => [a.itemId, a]));
    if (values.json) {
      process.stdout.write(JSON.stringify(CHECKLIST.map((item) => ({ ...item, answer: byId.get(item.id) ?? null })), null, 2) + '\n');
      return 0;
    }
    for (const item of CHECKLIST) {
      const answer = byId.get(item.id);
      process.stdout.write(`${item.id}  [${item.controls.join(', ')}]${values.workspace ? `  ${describeAnswer(answer)}` : ''}\n`);
      process.stdout.write(`    ${item.title}: ${item.question}\n`);
    }
    for (const answer of answers) {
      if (!findChecklistItem(answer.itemId)) process.stdout.write(`${answer.itemId}  (not a shipped item)  ${describeAnswer(answer)}\n`);
    }
    if (values.workspace) process.stdout.write(`\n${answers.filter((a) => findChecklistItem(a.itemId)).length} of ${CHECKLIST.length} items answered.\n`);
    return 0;
  }
  if (sub === 'answer') {
    if (!itemId || !answerArg || extra.length > 0) throw new CliError(`name an item and an answer\n\n${checklistUsage}`);
    if (!findChecklistItem(itemId)) {
      const near = CHECKLIST.filter((item) => item.id.includes(itemId) || itemId.includes(item.id.split('.')[1] ?? '\u0000')).map((item) => item.id);
      throw new CliError(`unknown checklist item "${itemId}"${near.length ? `; did you mean ${near.join(', ')}?` : ''} (gatehouse checklist list shows them all)`);
    }
    const answer = oneOf(answerArg, CHECKLIST_ANSWERS, 'the answer', 'n/a');
    const evidenceIds = (values.evidence ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => {
        const id = Number(s);
        if (!Number.isInteger(id) || id < 1) throw new CliError(`--evidence takes evidence ids (numbers), got "${s}"`);
        return id;
      });
    const saved = withWorkspace(values.workspace, { create: false }, (ws) =>
      ws.answerChecklist(itemId, answer, values.note ?? '', values.actor ?? process.env.USER ?? 'auditor', evidenceIds),
    );
    process.stdout.write(`${saved.itemId}: ${saved.answer}${saved.note ? ` (${saved.note})` : ''}, recorded by ${saved.actor}\n`);
    return 0;
  }
  throw new CliError(`unknown checklist command "${sub ?? ''}"\n\n${checklistUsage}`);
}

function describeAnswer(answer: ChecklistAnswer | undefined): string {
  if (!answer) return 'not answered';
  return `${answer.answer}${answer.note ? `: ${answer.note}` : ''} (${answer.actor}, ${answer.answeredAt.slice(0, 10)})`;
}
