import { VehicleTruckProfileRegular } from '@fluentui/react-icons';
import { ChannelFiguresPage } from '../partners/ChannelFiguresPage';

/** /distributors — for the vendor: each distributor with the sums over the customers it sees. */
export function DistributorsPage() {
  return <ChannelFiguresPage list="distributors" emptyIcon={<VehicleTruckProfileRegular />} />;
}
