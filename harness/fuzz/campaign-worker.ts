// One share of a campaign in a worker thread: runs it and posts the result back.
import { parentPort, workerData } from 'node:worker_threads'
import { type CampaignOptions, runCampaign } from './campaign.js'

const result = await runCampaign(workerData as CampaignOptions)
parentPort?.postMessage(result)
