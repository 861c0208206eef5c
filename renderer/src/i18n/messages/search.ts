/** Messages of the search feature: [Dutch, English]. */
export const searchMessages = {} as const;
