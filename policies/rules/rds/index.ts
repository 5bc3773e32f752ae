/** The RDS rules: the transactional source's database. */
import { rdsAutoMinorUpgrade } from "./auto-minor-upgrade";
import { rdsBackupRetention } from "./backup-retention";
import { rdsCurrentCa } from "./current-ca";
import { rdsDeletionProtection } from "./deletion-protection";
import { rdsIamAuthentication } from "./iam-authentication";
import { rdsLogExports } from "./log-exports";
import { rdsNotPublic } from "./not-public";
import { rdsStorageEncrypted } from "./storage-encrypted";

export const RDS_POLICIES = [
    rdsStorageEncrypted,
    rdsNotPublic,
    rdsIamAuthentication,
    rdsDeletionProtection,
    rdsBackupRetention,
    rdsAutoMinorUpgrade,
    rdsLogExports,
    rdsCurrentCa,
];
export {
    rdsAutoMinorUpgrade,
    rdsBackupRetention,
    rdsCurrentCa,
    rdsDeletionProtection,
    rdsIamAuthentication,
    rdsLogExports,
    rdsNotPublic,
    rdsStorageEncrypted,
};
