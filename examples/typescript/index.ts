import { secondaryDns } from "./secondaryDns";

export const {
    tsigId, peerId, secondaryPeerId, aclId, secondaryZoneId, primaryZoneId, outgoingEnabled, tsigSecret, primaryConfig,
} = secondaryDns();
