// A message in place of the 3D office when it cannot be drawn (no WebGL, or the GPU context was lost). It
// points to the Agents tree view, which shows every agent and number without WebGL.
export class SceneNotice {
  readonly element: HTMLDivElement;
  private readonly heading: HTMLHeadingElement;
  private readonly body: HTMLParagraphElement;

  constructor(parent: HTMLElement) {
    this.element = document.createElement('div');
    this.element.className = 'scene-notice';
    this.element.setAttribute('role', 'alert');
    this.element.hidden = true;
    this.heading = document.createElement('h2');
    this.body = document.createElement('p');
    this.element.append(this.heading, this.body);
    parent.appendChild(this.element);
  }

  showWebGLUnavailable(detail?: string): void {
    this.show(
      'The 3D office needs WebGL, which is not available here.',
      `Every agent, its tokens and its heat are in the Agents tree view (Heatdesk → Agents); hover an agent for its numbers.${detail ? ` (${detail})` : ''}`,
    );
  }

  showContextLost(): void {
    this.show('The 3D office lost its graphics context.', 'It will come back when the GPU is available again; meanwhile the Agents tree view shows every agent.');
  }

  hide(): void {
    this.element.hidden = true;
  }

  dispose(): void {
    this.element.remove();
  }

  private show(heading: string, body: string): void {
    this.heading.textContent = heading;
    this.body.textContent = body;
    this.element.hidden = false;
  }
}
