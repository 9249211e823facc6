export const placeholder = 'logger';
