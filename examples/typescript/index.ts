import { secondaryDns } from "./secondaryDns";

export const { tsigId, peerId, tsigSecret } = secondaryDns();
