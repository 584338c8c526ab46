// Registers the "Admin Performance" panel (not "Performance": the built-in panel has that name).
chrome.devtools.panels.create('Admin Performance', 'icons/icon16.png', 'src/panel/index.html');
