/** The cost rules. */
import { monthlyIdleCostCeiling } from "./monthly-idle-cost-ceiling";

export const COST_POLICIES = [monthlyIdleCostCeiling];
export { monthlyIdleCostCeiling };
