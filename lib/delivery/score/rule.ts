// The shape of one built-in rule: a name, a weight and a test over what was read from the message.
import type { MessageFacts } from "./message-facts.ts";

/**
 * A rule of the built-in scorer. Names follow SpamAssassin's where one exists, so a hit means to a
 * reader what the SpamAssassin rule of that name means; weights are ours.
 */
export type Rule = {
  name: string;
  score: number;
  description: string;
  /** True when the message shows what the rule looks for. Never throws, whatever the message holds. */
  test: (facts: MessageFacts) => boolean;
};
