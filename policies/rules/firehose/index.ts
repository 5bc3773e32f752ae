/** The Firehose rules. */
import { firehoseSse } from "./sse";

export const FIREHOSE_POLICIES = [firehoseSse];
export { firehoseSse };
