/** The "Look inside" tabs: click or arrow keys (Home/End too) switch panels, as the ARIA tabs pattern says. */
export function setupTabs(tablist: HTMLElement): { select(id: string): void } {
  const tabs = [...tablist.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const select = (chosen: HTMLButtonElement, focus: boolean) => {
    for (const tab of tabs) {
      const selected = tab === chosen;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(tab.getAttribute("aria-controls") ?? "");
      if (panel) panel.hidden = !selected;
    }
    if (focus) chosen.focus();
  };
  for (const [index, tab] of tabs.entries()) {
    tab.addEventListener("click", () => select(tab, false));
    tab.addEventListener("keydown", (event) => {
      const last = tabs.length - 1;
      const target =
        event.key === "ArrowRight"
          ? tabs[index === last ? 0 : index + 1]
          : event.key === "ArrowLeft"
            ? tabs[index === 0 ? last : index - 1]
            : event.key === "Home"
              ? tabs[0]
              : event.key === "End"
                ? tabs[last]
                : undefined;
      if (!target) return;
      event.preventDefault();
      select(target, true);
    });
  }
  return {
    select(id: string) {
      const tab = tabs.find((candidate) => candidate.id === id);
      if (tab) select(tab, false);
    },
  };
}
