import { createIndexPage } from './index-page';

// The logic lives in index-page.ts so jest can drive it without the mini program runtime.
Page(createIndexPage());
