/** Messages of the matrix feature: [Dutch, English]. */
export const matrixMessages = {} as const;
