const { withDatabase } = require('../../jest.config.base.js');

module.exports = {
  ...withDatabase,
  // The API's own tests run its sources: test helpers (testing/) and the modules
  // they import by package name, so one copy of each module is loaded.
  moduleNameMapper: {
    '^@conduct/api/testing/(.*)$': '<rootDir>/testing/$1',
    '^@conduct/api/(.*)$': '<rootDir>/src/$1',
  },
};
