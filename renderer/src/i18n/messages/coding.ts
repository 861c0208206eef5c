/** Messages of the coding feature: [Dutch, English]. */
export const codingMessages = {} as const;
