// @vitest-environment happy-dom
/**
 * Changing a planned value before the fill, as a person does it in the popup: a typed value (a Latin name derived
 * from the Chinese one above all) opens as a text box named after its field, Enter takes it and marks the line
 * edited, Escape keeps the planned value, list values cannot be typed, and a Chinese name is never accepted for a
 * Latin-name field (said in English and Chinese). The fill request carries exactly the changed values.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./fakes')).fakeBrowser }));
vi.mock('../../extension/shared/messages', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  ui: (await import('./fakes')).fakeUi,
}));

import { App } from '../../extension/popup/App';
import { resetPopupState } from '../../extension/popup/store';
import type { CardRecord } from '../../src/card/record';
import type { LatinName } from '../../src/card/latin-name';
import type { FillPlan } from '../../src/fill/engine';
import { baseState, fakeUi, handlers, pushState, resetFakes } from './fakes';
import { useLanguage } from './lang';
import { syntheticCard } from './cards';
import zh from '../../extension/public/_locales/zh_CN/messages.json';

const title = (words: string[]) => words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
/** An English hotel form: the resident card has only a Chinese name, so the plan is made again with pinyin. */
function englishFormPlan(latin: LatinName): FillPlan {
  return {
    planId: 'plan-en',
    url: 'https://hotel.example/checkin',
    site: null,
    items: [
      { id: 'f1', field: 'documentType', label: 'ID type', value: 'Resident ID card', enabled: true },
      { id: 'f2', field: 'documentNumber', label: 'ID number', value: '110105198804121254', enabled: true },
      { id: 'f3', field: 'surnameEn', label: 'Surname', value: title(latin.surname), enabled: true, derived: true },
      { id: 'f4', field: 'givenNameEn', label: 'Given name', value: title(latin.given), enabled: true, derived: true },
      { id: 'f5', field: 'sex', label: 'Sex', value: 'Male', enabled: true },
    ],
    refused: [],
  };
}

let planned: LatinName | null = null;
async function showPlan(): Promise<HTMLElement> {
  handlers['planFill'] = (data) => {
    const { latinName } = data as { card: CardRecord; latinName?: LatinName | null };
    if (!latinName)
      return {
        ok: true,
        insecure: false,
        plan: { planId: 'plan-0', url: 'https://hotel.example/checkin', site: null, items: [], refused: [], latinNameWanted: true },
      };
    planned = latinName;
    return { ok: true, insecure: false, plan: englishFormPlan(latinName) };
  };
  handlers['fill'] = () => ({ ok: true, report: { filled: [], skipped: [], reverted: [] } });
  const view = render(<App fixedTabId={7} />);
  act(() => pushState(baseState({ phase: 'card', card: syntheticCard('resident'), expiresAt: Date.now() + 120_000 })));
  fireEvent.click(view.container.querySelector('[data-action=preview]')!);
  await waitFor(() => expect(view.container.querySelector('.plan [data-plan-row]')).not.toBeNull());
  return view.container as HTMLElement;
}
const row = (c: HTMLElement, id: string) => c.querySelector(`[data-plan-row=${id}]`) as HTMLElement;
const shownValue = (c: HTMLElement, id: string) => row(c, id).querySelector('[data-plan-value]')?.textContent;
function sentFill(): { tabId: number; planId: string; approvedIds: string[]; edits?: Record<string, string> } {
  return fakeUi.sendMessage.mock.calls.find((call) => call[0] === 'fill')![1] as ReturnType<typeof sentFill>;
}

beforeEach(() => {
  resetFakes();
  resetPopupState();
  useLanguage('en');
  planned = null;
});
afterEach(() => cleanup());

describe('changing a planned value', () => {
  it('the derived surname opens as a text box named after its field; Enter takes the new value, marks it edited and sends it with the fill', async () => {
    const c = await showPlan();
    // The pinyin really was derived from the card's Chinese name (陈思远) and is marked as derived.
    expect(planned).toMatchObject({ surname: ['chen'], given: ['siyuan'], derived: true });
    expect(row(c, 'f3').querySelector('[data-derived]')).not.toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Edit the value for “Surname”' }));
    const input = screen.getByLabelText('New value for “Surname”') as HTMLInputElement;
    expect(input.value).toBe('Chen');
    expect(document.activeElement).toBe(input);
    // Filling waits until the open editor is taken or cancelled.
    expect((c.querySelector('[data-action=fill]') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.input(input, { target: { value: '  Chan ' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.queryByLabelText('New value for “Surname”')).toBeNull();
    expect(shownValue(c, 'f3')).toBe('Chan');
    expect(row(c, 'f3').getAttribute('data-edited')).toBe('true');
    expect(row(c, 'f3').textContent).toContain('edited');
    expect(row(c, 'f3').textContent).toContain('planned: Chen');
    // The person's value is no longer "derived from the Chinese name".
    expect(row(c, 'f3').querySelector('[data-derived]')).toBeNull();
    expect(row(c, 'f4').querySelector('[data-derived]')).not.toBeNull();
    fireEvent.click(c.querySelector('[data-action=fill]')!);
    await screen.findByText('Fill report');
    expect(sentFill()).toEqual({ tabId: 7, planId: 'plan-en', approvedIds: ['f1', 'f2', 'f3', 'f4', 'f5'], edits: { f3: 'Chan' } });
  });

  it('Escape and Cancel keep the planned value; typing the planned value back is no edit; Undo drops an edit', async () => {
    const c = await showPlan();
    const edit = () => fireEvent.click(screen.getByRole('button', { name: 'Edit the value for “Given name”' }));
    const input = () => screen.getByLabelText('New value for “Given name”') as HTMLInputElement;
    edit();
    fireEvent.input(input(), { target: { value: 'Si Yuan' } });
    fireEvent.keyDown(input(), { key: 'Escape' });
    expect(screen.queryByLabelText('New value for “Given name”')).toBeNull();
    expect(shownValue(c, 'f4')).toBe('Siyuan');
    expect(row(c, 'f4').hasAttribute('data-edited')).toBe(false);

    edit();
    fireEvent.input(input(), { target: { value: 'Si Yuan' } });
    fireEvent.click(row(c, 'f4').querySelector('[data-plan-cancel]')!);
    expect(shownValue(c, 'f4')).toBe('Siyuan');

    edit();
    fireEvent.input(input(), { target: { value: 'Siyuan' } });
    fireEvent.click(row(c, 'f4').querySelector('[data-plan-confirm]')!);
    expect(row(c, 'f4').hasAttribute('data-edited')).toBe(false);

    edit();
    fireEvent.input(input(), { target: { value: 'Si-Yuan' } });
    fireEvent.keyDown(input(), { key: 'Enter' });
    expect(shownValue(c, 'f4')).toBe('Si-Yuan');
    fireEvent.click(screen.getByRole('button', { name: 'Undo the edit of Given name' }));
    expect(shownValue(c, 'f4')).toBe('Siyuan');
    fireEvent.click(c.querySelector('[data-action=fill]')!);
    await screen.findByText('Fill report');
    expect(sentFill()).not.toHaveProperty('edits');
  });

  it('list values (document type, sex) have no editor; typed values do', async () => {
    const c = await showPlan();
    expect(row(c, 'f1').querySelector('[data-plan-edit]')).toBeNull();
    expect(row(c, 'f5').querySelector('[data-plan-edit]')).toBeNull();
    expect(row(c, 'f2').querySelector('[data-plan-edit]')).not.toBeNull();
  });

  it('a Chinese name in a Latin-name field is refused inline and never sent', async () => {
    const c = await showPlan();
    fireEvent.click(screen.getByRole('button', { name: 'Edit the value for “Surname”' }));
    const input = screen.getByLabelText('New value for “Surname”') as HTMLInputElement;
    fireEvent.input(input, { target: { value: '李' } });
    const error = await screen.findByRole('alert');
    expect(error.textContent).toBe(
      'This field takes the name in Latin letters (pinyin) only: type it without Chinese characters, for example Zhang.',
    );
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(error.id);
    fireEvent.keyDown(input, { key: 'Enter' });
    // Still editing, nothing taken, and Fill stays unavailable while the value is wrong.
    expect(screen.getByLabelText('New value for “Surname”')).toBe(input);
    expect((c.querySelector('[data-action=fill]') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.input(input, { target: { value: 'Chen 李' } });
    fireEvent.click(row(c, 'f3').querySelector('[data-plan-confirm]')!);
    expect(screen.getByRole('alert')).toBeTruthy();
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(shownValue(c, 'f3')).toBe('Chen');
    fireEvent.click(c.querySelector('[data-action=fill]')!);
    await screen.findByText('Fill report');
    expect(sentFill()).not.toHaveProperty('edits');
    expect(JSON.stringify(fakeUi.sendMessage.mock.calls.filter((call) => call[0] === 'fill'))).not.toContain('李');
  });

  it('the refusal and the editor speak Chinese in a Chinese popup', async () => {
    useLanguage('zh_CN');
    const c = await showPlan();
    fireEvent.click(screen.getByRole('button', { name: '修改“Given name”要填入的值' }));
    const input = screen.getByLabelText('“Given name”的新值') as HTMLInputElement;
    fireEvent.input(input, { target: { value: '思远' } });
    expect((await screen.findByRole('alert')).textContent).toBe(zh.planEditHanInLatin.message);
    fireEvent.input(input, { target: { value: '' } });
    // An empty box is said once the person tries to take it.
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.getByRole('alert').textContent).toBe(zh.planEditEmpty.message);
    fireEvent.input(input, { target: { value: 'Siyuan Jr' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(shownValue(c, 'f4')).toBe('Siyuan Jr');
    expect(row(c, 'f4').textContent).toContain('已修改');
    await waitFor(() => expect(document.activeElement?.getAttribute('data-plan-edit')).toBe('f4'));
  });
});
