import { createMakePage } from './make-page';

// The logic lives in make-page.ts so jest can drive it without the mini program runtime.
Page(createMakePage());
