// The register's cash drawer (loaded on demand by the counter).
export { DrawerScreen } from './DrawerScreen.tsx';
