/** What a Manager delivery form shows after its action: a message the user can act on, or a confirmation. */
export type DeliveryFormState = { error?: string; success?: string };
