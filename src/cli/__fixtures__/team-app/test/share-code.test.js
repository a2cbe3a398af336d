// The team's test of makeShareCode, run by `npx wxacode-cloudbase exec -- node test/share-code.test.js`: the
// emulator's environment variables let the real wx-server-sdk call the functions and read the database.
// Exits 0 when the share was made and noted, 1 otherwise. EXPECT_SHARES: how many shares of the sku the database
// must then hold (more than one after --import of earlier data); EXPECT_EXIT: the exit code on success (the
// package's e2e test checks that exec passes it on).
const path = require('node:path');
const cloud = require(path.join(__dirname, '..', 'cloudfunctions', 'makeShareCode', 'node_modules', 'wx-server-sdk'));

async function main() {
  for (const name of ['WXACODE_EMULATOR_URL', 'WXACODE_EMULATOR_ADMIN_URL', 'WXACODE_ENV_ID', 'TCB_ENV']) {
    if (!process.env[name]) throw new Error(`${name} is not set: run me with npx wxacode-cloudbase exec -- node ${path.relative(process.cwd(), __filename)}`);
  }
  cloud.init({ env: process.env.WXACODE_ENV_ID });
  const { result } = await cloud.callFunction({ name: 'makeShareCode', data: { sku: process.env.SKU || '7' } });
  if (!result.ok || !result.fileID.startsWith('cloud://')) throw new Error(`makeShareCode: ${JSON.stringify(result)}`);
  const { data } = await cloud.database().collection('shares').where({ sku: process.env.SKU || '7' }).get();
  if (data.length === 0) throw new Error('no share noted in the database');
  if (process.env.EXPECT_SHARES && data.length !== Number(process.env.EXPECT_SHARES)) {
    throw new Error(`${data.length} shares of sku ${process.env.SKU || '7'} in the database, expected ${process.env.EXPECT_SHARES}`);
  }
  console.log(`share made: ${result.fileID}; ${data.length} share(s) of this sku in the database`);
}

main().then(
  () => process.exit(Number(process.env.EXPECT_EXIT || 0)),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
