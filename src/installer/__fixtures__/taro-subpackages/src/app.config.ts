const mainPages = ['pages/index/index', 'pages/mine/mine'];

export default defineAppConfig({
  pages: [...mainPages, 'pages/detail/detail'],
  subPackages: [
    {
      root: 'packageA/',
      pages: ['pages/order/order', 'pages/order-detail/index'],
    },
    {
      root: 'packageShare',
      pages: ['pages/poster/poster'],
      independent: true,
    },
  ],
  window: { navigationBarTitleText: 'Taro' },
} as Taro.Config);
