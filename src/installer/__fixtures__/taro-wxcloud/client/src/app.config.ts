export default {
  pages: ['pages/edit/edit', 'pages/index/index', 'pages/category/category'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#fff',
    navigationBarTitleText: 'Habit+',
    navigationBarTextStyle: 'black',
  },
  cloud: true,
};
