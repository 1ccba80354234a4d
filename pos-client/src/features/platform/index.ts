// The platform console's public entry: main.tsx loads it on demand for `/platform/*`.
export { PlatformApp } from './PlatformApp.tsx';
