import { secondaryDns } from "./secondaryDns";

export const { tsigId, peerId, aclId, tsigSecret } = secondaryDns();
