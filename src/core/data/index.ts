export * from './dataset';
export * from './idx';
