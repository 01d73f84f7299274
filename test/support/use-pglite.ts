process.env.NEWSKB_TEST_DB = 'pglite';
