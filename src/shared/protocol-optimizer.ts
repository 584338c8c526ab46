/** Panel -> background requests of the optimizer capability, and their replies. */
export interface OptimizerRequests {}

export interface OptimizerReplies {}
