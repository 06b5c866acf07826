// The one pointer lifecycle of the roll. Every surface (note area, ruler, keyboard, velocity lane, tempo track) is
// attached to the same driver, so they all behave alike: a primary-button press starts that surface's gesture and
// captures the pointer (a drag keeps going outside the element); moves and the release go to it; pointercancel (the
// system took the pointer, or the capture was lost) or Escape cancels it, which takes back what it changed. One
// gesture at a time.
import type { Attachment } from 'svelte/attachments'
import type { Gesture, PointerSample, Surface } from './types'

/** What the driver needs from its host. */
export interface GestureDriverOptions {
  /** Converts a DOM event over `el` into a sample (the host knows the view mapping). */
  sample(e: PointerEvent, el: HTMLElement): PointerSample
  /**
   * The gesture for a press on `surface`, or null when the press did all there was to do. `target` is the element
   * pressed, for a surface made of parts (the tempo lane's markers).
   */
  start(surface: Surface, p: PointerSample, target: EventTarget | null): Gesture | null
}

interface Live {
  readonly gesture: Gesture
  readonly el: HTMLElement
  readonly pointerId: number
  readonly win: Window
}

export class GestureDriver {
  readonly #opts: GestureDriverOptions
  #live: Live | null = null

  constructor(opts: GestureDriverOptions) {
    this.#opts = opts
  }

  /** Whether a gesture is in progress. */
  get active(): boolean {
    return this.#live !== null
  }

  /** A Svelte attachment that makes `el` a surface of this driver: `<canvas {@attach driver.on('ruler')}>`. */
  on(surface: Surface): Attachment<HTMLElement> {
    return (el) => {
      const down = (e: PointerEvent): void => this.#down(surface, el, e)
      const move = (e: PointerEvent): void => {
        if (this.#owns(el, e)) this.#live!.gesture.move(this.#opts.sample(e, el))
      }
      const up = (e: PointerEvent): void => {
        if (!this.#owns(el, e)) return
        const { gesture } = this.#live!
        this.#end()
        gesture.up(this.#opts.sample(e, el))
      }
      const cancel = (e: PointerEvent): void => {
        if (this.#owns(el, e)) this.cancel()
      }
      el.addEventListener('pointerdown', down)
      el.addEventListener('pointermove', move)
      el.addEventListener('pointerup', up)
      el.addEventListener('pointercancel', cancel)
      // Capture taken away without a release (it also fires after a release, when no gesture is live any more).
      el.addEventListener('lostpointercapture', cancel)
      return () => {
        // The surface goes away mid-drag (the roll is closed): the drag did not finish, so it is taken back.
        if (this.#live?.el === el) this.cancel()
        el.removeEventListener('pointerdown', down)
        el.removeEventListener('pointermove', move)
        el.removeEventListener('pointerup', up)
        el.removeEventListener('pointercancel', cancel)
        el.removeEventListener('lostpointercapture', cancel)
      }
    }
  }

  /** Cancels the gesture in progress, if any (undoing what it changed); true when there was one. */
  cancel(): boolean {
    const live = this.#live
    if (!live) return false
    this.#end()
    live.gesture.cancel()
    return true
  }

  #down(surface: Surface, el: HTMLElement, e: PointerEvent): void {
    // Secondary buttons are for menus; a second finger while one drags is ignored rather than starting a rival drag.
    if (e.button !== 0 || (this.#live && this.#live.pointerId !== e.pointerId)) return
    // The same pointer pressing again means its release was never seen (it had no capture): end that drag as is.
    if (this.#live) {
      const { gesture, el: from } = this.#live
      this.#end()
      gesture.up(this.#opts.sample(e, from))
    }
    const gesture = this.#opts.start(surface, this.#opts.sample(e, el), e.target)
    if (!gesture) return
    // Only a press that started a gesture takes the pointer: a captured pointer's click goes to the surface, not to
    // what was pressed, so capturing every press would swallow the clicks of controls inside a surface (the tempo
    // lane's marker editor).
    capture(el, e.pointerId)
    const win = el.ownerDocument.defaultView ?? window
    this.#live = { gesture, el, pointerId: e.pointerId, win }
    // Capture phase on the window: Escape reaches us before the editor's own Escape (deselect) and stops there.
    win.addEventListener('keydown', this.#escape, true)
  }

  /** Only the pressing pointer on the pressed surface drives the gesture. */
  #owns(el: HTMLElement, e: PointerEvent): boolean {
    return this.#live !== null && this.#live.el === el && this.#live.pointerId === e.pointerId
  }

  #end(): void {
    this.#live?.win.removeEventListener('keydown', this.#escape, true)
    this.#live = null
  }

  readonly #escape = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape') return
    e.preventDefault()
    e.stopPropagation()
    this.cancel()
  }
}

/** Pointer capture keeps drags alive outside the element; synthetic events (tests) have no capturable pointer. */
function capture(el: HTMLElement, pointerId: number): void {
  try {
    el.setPointerCapture(pointerId)
  } catch {
    // NotFoundError for a pointer the browser does not track: the drag still works inside the element.
  }
}
