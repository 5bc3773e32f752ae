/** The CloudWatch rules. */
import { cloudwatchLogGroupRetention } from "./log-group-retention";

export const CLOUDWATCH_POLICIES = [cloudwatchLogGroupRetention];
export { cloudwatchLogGroupRetention };
