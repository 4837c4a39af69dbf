#
# Link of a TYPO3 user to an Infomaniak identity: issuer and subject.
# Their index (tx_infomaniakconnect_link) is added by Classes/EventListener/AddLinkIndex.php,
# except on SQLite: there TYPO3's "extension:setup" cannot add columns and an index over them to an
# existing table in one go (the columns are skipped, the index is created on literals).
#
CREATE TABLE fe_users (
	tx_infomaniakconnect_issuer varchar(255) DEFAULT '' NOT NULL,
	tx_infomaniakconnect_subject varchar(255) DEFAULT '' NOT NULL
);

CREATE TABLE be_users (
	tx_infomaniakconnect_issuer varchar(255) DEFAULT '' NOT NULL,
	tx_infomaniakconnect_subject varchar(255) DEFAULT '' NOT NULL
);
