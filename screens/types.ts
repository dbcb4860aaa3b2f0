// What every screen gets from the App: the state, the context, dispatch, and its share of the
// terminal (body rows and columns, after the header and before the key hints).
import type { Action, Ctx, WizardState } from '../src/wizard/state.ts';

export interface ScreenProps {
  state: WizardState;
  ctx: Ctx;
  dispatch: (a: Action) => void;
  width: number;
  /** Rows the screen may use, its key hints included. */
  height: number;
  /** False while a dialog is open over the screen. */
  isActive: boolean;
}
