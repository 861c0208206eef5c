/** Messages of the import feature: [Dutch, English]. */
export const importMessages = {} as const;
