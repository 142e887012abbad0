// The chain requests a run has sent and not had answered yet, oldest first. An intrusive
// doubly-linked list rather than a Set: a Set's hash table is reallocated as it empties and fills
// on every request, and over a long replay those tables outlived two scavenges before dying, so
// they filled the old generation with garbage (decision 0215). Linking allocates nothing.

/** One request in flight: who sent it, and its neighbours in the list. */
export interface InFlightCall {
  readonly module: string
  readonly method: string
  previous: InFlightCall | undefined
  next: InFlightCall | undefined
  linked: boolean
}

export class InFlightList {
  #first: InFlightCall | undefined
  #last: InFlightCall | undefined

  /** Appends a request; returns its entry, for `remove`. */
  add(module: string, method: string): InFlightCall {
    const call: InFlightCall = { module, method, previous: this.#last, next: undefined, linked: true }
    if (this.#last) this.#last.next = call
    else this.#first = call
    this.#last = call
    return call
  }

  /** Unlinks a request once answered; removing it twice does nothing. */
  remove(call: InFlightCall): void {
    if (!call.linked) return
    call.linked = false
    if (call.previous) call.previous.next = call.next
    else this.#first = call.next
    if (call.next) call.next.previous = call.previous
    else this.#last = call.previous
    call.previous = undefined
    call.next = undefined
  }

  /** The requests still in flight, oldest first. */
  calls(): { module: string; method: string }[] {
    const calls: { module: string; method: string }[] = []
    for (let call = this.#first; call; call = call.next) calls.push({ module: call.module, method: call.method })
    return calls
  }
}
