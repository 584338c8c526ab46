/** Panel -> background requests of the sessions capability, and their replies. */
export interface SessionsRequests {}

export interface SessionsReplies {}
