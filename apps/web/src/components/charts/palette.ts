/** Series colours, in order (splits, runs). */
export const palette = ['#3451d1', '#e8590c', '#2f9e44', '#ae3ec9', '#1098ad', '#f08c00'];

export const splitColor: Record<string, string> = { training: '#3451d1', validation: '#e8590c', test: '#2f9e44' };
