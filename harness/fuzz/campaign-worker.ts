// One share of a campaign in a worker thread: runs it and posts the result back, with how long
// the thread took to load its code (the `fuzz` benchmark reports it apart).
import { parentPort, workerData } from 'node:worker_threads'
import { type CampaignOptions, type CampaignResult, runCampaign } from './campaign.js'

// Static imports are evaluated by now.
const loadedAt = performance.timeOrigin + performance.now()
const result: CampaignResult = { ...(await runCampaign(workerData as CampaignOptions)), loadedAt }
parentPort?.postMessage(result)
