import type { CommandWords } from '../messages/command-words.ts';
import type { CardButton } from './receiver.ts';

/** The button action every card uses: its value is the command the click stands for. */
export const RUN_COMMAND_ACTION = 'command';

/**
 * A card button that runs `/<command> <words…>` when clicked. Verbs come from the command's
 * CommandWords (src/messages/command-words.ts), the same constants its declaration reads.
 */
export function buttonFor(command: CommandWords, words: readonly string[], label: string): CardButton {
  return { actionId: RUN_COMMAND_ACTION, value: [`/${command.name}`, ...words].join(' '), label };
}
