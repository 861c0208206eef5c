/** Messages of the refi feature: [Dutch, English]. */
export const refiMessages = {} as const;
