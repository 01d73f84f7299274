process.env.NEWSKB_TEST_DB = 'postgres';
