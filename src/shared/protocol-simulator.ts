/** Panel -> background requests of the simulator capability, and their replies. */
export interface SimulatorRequests {}

export interface SimulatorReplies {}
