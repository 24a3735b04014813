import { createApp } from 'vue';
import CustomerDisplay from './CustomerDisplay.vue';
import './customer.css';

/** The customer display's own page (customer.html, docs/ui.md "Customer display"): no store, no bridge, no Element Plus. */
createApp(CustomerDisplay).mount('#customer');
