// The counter's sign-in screens, for the app shell.
export { RegisterSetup } from './RegisterSetup.tsx';
export { SignIn } from './SignIn.tsx';
