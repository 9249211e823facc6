export const placeholder = 'health';
