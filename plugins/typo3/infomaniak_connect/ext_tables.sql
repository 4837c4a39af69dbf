#
# Link of a TYPO3 user to an Infomaniak identity: issuer and subject
#
CREATE TABLE fe_users (
	tx_infomaniakconnect_issuer varchar(255) DEFAULT '' NOT NULL,
	tx_infomaniakconnect_subject varchar(255) DEFAULT '' NOT NULL,
	KEY tx_infomaniakconnect_link (tx_infomaniakconnect_subject(100),tx_infomaniakconnect_issuer(100))
);

CREATE TABLE be_users (
	tx_infomaniakconnect_issuer varchar(255) DEFAULT '' NOT NULL,
	tx_infomaniakconnect_subject varchar(255) DEFAULT '' NOT NULL,
	KEY tx_infomaniakconnect_link (tx_infomaniakconnect_subject(100),tx_infomaniakconnect_issuer(100))
);
