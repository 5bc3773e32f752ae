/** The network rules: security groups and VPC endpoints. */
import { networkSecurityGroupNoOpenIngress } from "./security-group-no-open-ingress";
import { networkVpcEndpointPolicy } from "./vpc-endpoint-policy";

export const NETWORK_POLICIES = [networkSecurityGroupNoOpenIngress, networkVpcEndpointPolicy];
export { ANY_ADDRESS } from "./security-group-no-open-ingress";
export { networkSecurityGroupNoOpenIngress, networkVpcEndpointPolicy };
