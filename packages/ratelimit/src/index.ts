export const placeholder = 'ratelimit';
