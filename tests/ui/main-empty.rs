gatewright::main!();
