import { markCatalogValues } from '../app/user-text.ts';

/**
 * Parameters that carry what users typed (names, notes, reasons…). The catalog marks their values
 * so each platform's encoder can escape them for its own syntax (src/app/user-text.ts); a
 * single-line one also loses its line breaks. A new template parameter holding user text must be
 * named here, or be one of these names.
 */
export const USER_VALUES = {
  singleLine: new Set([
    'name',
    'investor',
    'enterprise',
    'input',
    'user',
    'by',
    'conversation',
    'contact',
    'site',
    'project',
    'fund',
    'members',
    'added',
    'leader',
    'proposer',
    'requester',
    'actor',
    'importedBy',
    'disposedBy',
  ]),
  multiline: new Set([
    'note',
    'notes',
    'reason',
    'description',
    'opinion',
    'minutes',
    'suggestion',
    'content',
    'text',
    'detail',
    'basis',
    'supplement',
    'consultation',
    'evaluation',
  ]),
};

/**
 * A workflow's words with user text marked, as zhCN holds them. A workflow's renderers read these
 * rather than zhCN itself, which includes the workflow's file (importing it back would be a cycle).
 */
export const marked = <T extends object>(words: T): T => markCatalogValues(words, USER_VALUES);
